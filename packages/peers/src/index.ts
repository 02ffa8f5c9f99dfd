export { createPeerBackend, channelLayout, type PeerBackend, type PeerDefinition, type PeerOp, type PeerResult } from './peer-backend.js';
export { TFJS_OPS, createTfjsBackend, tfjsOutputs, tfjsTensors, type TfDType, type TfjsOp, type TfLike, type TfTensor, type TfTensors } from './tfjs.js';
export { ORT_OPS, createOrtBackend, ortFeeds, ortSessions, type OrtLike, type OrtOp, type OrtSession, type OrtTensor } from './ort.js';
export { oneNodeModel, ONNX_ELEM_TYPE, type OneNode } from './onnx-model.js';
export { PEER_NAMES, type PeerName, type PeerLoad } from './names.js';
export {
  REPORT_CARD_VERSION,
  ReportCardSchema,
  CardBackendSchema,
  CardEntrySchema,
  CardExampleSchema,
  gradeForCard,
  unavailableCard,
  type CardBackend,
  type CardEntryReport,
  type CardExampleReport,
  type CardOptions,
  type ReportCard,
} from './report.js';
