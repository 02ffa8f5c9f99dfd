/** Options of createBackend() and isAvailable(). */
export interface WebGpuBackendOptions {
  /** A GPU object (navigator.gpu or the `webgpu` package's create()). Default: navigator.gpu, else the `webgpu` package in Node. */
  gpu?: GPU;
  /** An adapter to request the device from. */
  adapter?: GPUAdapter;
  /** A ready device. The backend does not destroy a device it was given. */
  device?: GPUDevice;
  /**
   * A device factory: after a device loss, the backend's next call gets its new device from it
   * (and the first device too, unless `device` is given). The backend destroys the devices it
   * got from it on dispose(). Without it, the backend requests a new device the way it got its
   * first one; with only `device` (or `adapter`, which gives one device) it cannot recover.
   */
  requestDevice?: () => Promise<GPUDevice>;
  /** Adapter feature level to ask for first; 'compatibility' is tried when 'core' gives no adapter. */
  featureLevel?: 'core' | 'compatibility';
  /**
   * Lower the backend's own dispatch limits below the device's, so that chunking and 2D dispatch
   * can be exercised on small arrays (tests). Values above the device's limits are ignored.
   */
  dispatchLimits?: DispatchLimitOptions;
}

export interface DispatchLimitOptions {
  maxBindingBytes?: number;
  maxWorkgroupsPerDimension?: number;
  workgroupSize?: number;
}

/** The adapter's identity, as the benchmark records it: GPUAdapterInfo's descriptive fields, '' where unknown. */
export interface AdapterInfo {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
}
