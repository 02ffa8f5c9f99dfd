// Device loss in a real browser: the backend gets its devices from navigator.gpu (SwiftShader in
// headless Chromium), so with no options it recovers on its own by asking navigator.gpu again.
// Same lengths as in Node: they are small (at most 4,198 elements), about a second on SwiftShader.
import { createBackend, isAvailable } from '../../src/index.js';
import { describeDeviceLoss } from '../shared/device-loss.js';

const availability = await isAvailable();
const skipReason = availability.available ? undefined : availability.reason;

describeDeviceLoss('device loss (browser)', createBackend, skipReason);
