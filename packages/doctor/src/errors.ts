import { RectifyError } from '@rectify/core';

/** A file or flag the doctor cannot use: the CLI prints the message on one line and exits 2. */
export class DoctorInputError extends RectifyError {
  constructor(message: string) {
    super('DOCTOR_INPUT', message);
  }
}
