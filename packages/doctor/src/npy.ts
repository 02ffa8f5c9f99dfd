/**
 * NumPy's .npy format (numpy.lib.format, versions 1-3), read in chunks of whole rows so a file of any
 * size is analysed in bounded memory. The header is parsed here rather than with npyjs, which reads the
 * whole file into one ArrayBuffer: a 2 GiB dump must stream.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { allocate, useFloat16Array, float16ArrayClass, type AnyTypedArray, type DType } from '@rectify/core';
import { Float16Array } from '@petamoriken/float16';
import { DoctorInputError } from './errors.js';

export interface NpyHeader {
  dtype: DType;
  shape: number[];
  /** Byte offset of the data. */
  offset: number;
  /** Elements in the file. */
  length: number;
}

/** The descr of each dtype Rectify reads: little-endian ('<') or byte order not applicable ('|'). */
const DESCRS: Record<string, DType> = { '<f4': 'float32', '<f8': 'float64', '<f2': 'float16', '<i4': 'int32', '|i1': 'int8' };
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** Parses the header at the start of `bytes` (at least the first 12 bytes plus the header). */
export function parseNpyHeader(bytes: Uint8Array, file: string, fileSize: number): NpyHeader {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new DoctorInputError(`${file} is not a .npy file (no \\x93NUMPY magic); write it with numpy.save.`);
  const major = bytes[6];
  if (major < 1 || major > 3) throw new DoctorInputError(`${file}: .npy format version ${major}.${bytes[7]} is not one this reader knows (1, 2 or 3).`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (bytes.length < start + headerLength) throw new DoctorInputError(`${file} is truncated inside its header.`);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLength));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw new DoctorInputError(`${file}: the .npy header has no descr, fortran_order or shape: ${header.trim()}`);
  if (fortran === 'True') throw new DoctorInputError(`${file} is in Fortran order; save a C-order copy: numpy.save(path, numpy.ascontiguousarray(a)).`);
  const dtype = DESCRS[descr];
  if (dtype === undefined) {
    const why = descr.startsWith('>') ? 'big-endian' : descr.includes('O') ? 'an object array' : `dtype '${descr}'`;
    throw new DoctorInputError(`${file} holds ${why}; the doctor reads little-endian float32, float64, float16, int32 and int8: save a.astype('<f4').`);
  }
  const shape = shapeText.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (shape.some((n) => !Number.isSafeInteger(n) || n < 0)) throw new DoctorInputError(`${file}: bad shape (${shapeText}) in the .npy header.`);
  const length = shape.reduce((a, b) => a * b, 1);
  const offset = start + headerLength;
  const itemSize = DTYPE_BYTES[dtype];
  if (fileSize < offset + length * itemSize) {
    throw new DoctorInputError(`${file} is truncated: its header promises ${length} elements (${offset + length * itemSize} bytes) but the file has ${fileSize} bytes.`);
  }
  return { dtype, shape, offset, length };
}

const DTYPE_BYTES: Record<DType, number> = { float32: 4, float64: 8, float16: 2, int32: 4, int8: 1 };

export interface NpyChunk {
  /** The chunk's elements: whole rows (slices along the first axis). */
  data: AnyTypedArray;
  /** Index of its first row. */
  row: number;
  rows: number;
}

/** Reads a .npy file: its header, then chunks of whole rows of at most about `chunkBytes`. */
export class NpyReader {
  private constructor(
    readonly file: string,
    readonly header: NpyHeader,
    private readonly handle: FileHandle,
  ) {}

  static async open(file: string): Promise<NpyReader> {
    let handle: FileHandle;
    try {
      handle = await open(file, 'r');
    } catch (e) {
      throw new DoctorInputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}.`);
    }
    try {
      const { size } = await handle.stat();
      const head = new Uint8Array(Math.min(size, 65536 + 12));
      await handle.read(head, 0, head.length, 0);
      return new NpyReader(file, parseNpyHeader(head, file, size), handle);
    } catch (e) {
      await handle.close();
      throw e;
    }
  }

  /** Elements per row (the product of every axis but the first); 1 for a 1-D array. */
  get rowLength(): number {
    return this.header.shape.slice(1).reduce((a, b) => a * b, 1);
  }

  get rows(): number {
    return this.header.shape.length === 0 ? 1 : this.header.shape[0];
  }

  async *chunks(chunkBytes = 64 << 20): AsyncGenerator<NpyChunk> {
    const { dtype, offset } = this.header;
    if (dtype === 'float16' && float16ArrayClass() === undefined) useFloat16Array(Float16Array as never);
    const rowBytes = Math.max(this.rowLength * DTYPE_BYTES[dtype], 1);
    const rowsPerChunk = Math.max(1, Math.floor(chunkBytes / rowBytes));
    for (let row = 0; row < this.rows; row += rowsPerChunk) {
      const rows = Math.min(rowsPerChunk, this.rows - row);
      const data = allocate(dtype, rows * this.rowLength);
      const bytes = new Uint8Array(data.buffer, data.byteOffset, rows * this.rowLength * DTYPE_BYTES[dtype]);
      const { bytesRead } = await this.handle.read(bytes, 0, bytes.length, offset + row * rowBytes);
      if (bytesRead !== bytes.length) throw new DoctorInputError(`${this.file} ended early at row ${row}: the file changed while it was read.`);
      yield { data, row, rows };
    }
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
