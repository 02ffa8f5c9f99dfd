// What runs in a browser (no node: imports): the model runner, the report's schema and its text form.
export { withFallback, type ChosenBackend } from './backends.js';
export { diagnoseModel, type Feed, type ModelOptions } from './run-model.js';
export { DoctorReport, Finding, LayerReport } from './report.js';
export { formatReport } from './format.js';
export { DoctorInputError } from './errors.js';
