/**
 * What belongs to one device: its session (buffer pool, error handling), transfers and dispatcher
 * (pipelines). After a device loss the backend builds a new one of these for its next device.
 */
import { DeviceSession } from './device-session.js';
import { Dispatcher } from './dispatch.js';
import type { AdapterInfo, DispatchLimitOptions } from './options.js';
import { Transfers } from './transfers.js';

/** A device and where it came from. */
export interface DeviceParts {
  device: GPUDevice;
  /** Whether the backend destroys it on dispose() (it requested it). */
  ownsDevice: boolean;
  adapterInfo: AdapterInfo;
  /** Dawn's GPU object (or navigator.gpu): referenced while the device is in use. */
  keepAlive: unknown;
}

export class DeviceState {
  readonly session: DeviceSession;
  readonly transfers: Transfers;
  readonly dispatch: Dispatcher;

  constructor(
    backend: string,
    readonly parts: DeviceParts,
    lowered: DispatchLimitOptions | undefined,
  ) {
    this.session = new DeviceSession(backend, parts.device);
    this.transfers = new Transfers(this.session);
    this.dispatch = new Dispatcher(this.session, lowered);
  }

  get device(): GPUDevice {
    return this.parts.device;
  }

  /** Destroys its buffers and, when the backend requested the device, the device. */
  close(): void {
    this.session.dispose();
    if (this.parts.ownsDevice) this.parts.device.destroy();
  }
}
