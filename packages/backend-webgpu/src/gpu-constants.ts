/**
 * WebGPU's flag values, fixed by the specification. Spelled out here because Node has no
 * GPUBufferUsage global unless something installs one, and the backend must not touch globals.
 */
export const BufferUsage = {
  MAP_READ: 0x0001,
  COPY_SRC: 0x0004,
  COPY_DST: 0x0008,
  UNIFORM: 0x0040,
  STORAGE: 0x0080,
} as const;

export const MapModeRead = 0x0001;
export const ShaderStageCompute = 0x4;

/** Usage of every storage buffer: data arrays, temporaries and counters alike, so the pool can share them. */
export const STORAGE_USAGE = BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST;
export const STAGING_USAGE = BufferUsage.MAP_READ | BufferUsage.COPY_DST;
export const UNIFORM_USAGE = BufferUsage.UNIFORM | BufferUsage.COPY_DST;
