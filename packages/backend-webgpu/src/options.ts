/** Options of createBackend() and isAvailable(). */
export interface WebGpuBackendOptions {
  /** A GPU object (navigator.gpu or the `webgpu` package's create()). Default: navigator.gpu, else the `webgpu` package in Node. */
  gpu?: GPU;
  /** An adapter to request the device from. */
  adapter?: GPUAdapter;
  /** A ready device. The backend does not destroy a device it was given. */
  device?: GPUDevice;
  /** Adapter feature level to ask for first; 'compatibility' is tried when 'core' gives no adapter. */
  featureLevel?: 'core' | 'compatibility';
  /**
   * Lower the backend's own dispatch limits below the device's, so that chunking and 2D dispatch
   * can be exercised on small arrays (tests). Values above the device's limits are ignored.
   */
  dispatchLimits?: { maxBindingBytes?: number; maxWorkgroupsPerDimension?: number; workgroupSize?: number };
}

/** The adapter's identity, as the benchmark records it. */
export interface AdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
}
