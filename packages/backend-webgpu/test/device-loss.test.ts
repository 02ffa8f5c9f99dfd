// Device loss in Node (Dawn); the same checks run in Chromium from test/browser/device-loss.test.ts.
import { createBackend } from '../src/index.js';
import { skipReason } from './setup.js';
import { describeDeviceLoss } from './shared/device-loss.js';

describeDeviceLoss('device loss', createBackend, skipReason);
