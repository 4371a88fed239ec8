/**
 * Server refusals onto react-hook-form: an error whose `source.pointer` names a form field (`/name`, `/peers/0`)
 * lands on that field; everything else becomes one form-level message (also set as `root.serverError`).
 */
import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import type { ResponseInfo } from '@secdns/api-types';
import { errorMessage, isApiError } from './api-client';

/** `/peers/0` → `peers`; `/name` → `name`; `/params/x`, `/query/x`, `/` → null (not a body field). */
export function fieldFromPointer(pointer: string | undefined): string | null {
  if (!pointer || !pointer.startsWith('/')) return null;
  const segments = pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  const first = segments[0];
  if (!first || first === 'params' || first === 'query') return null;
  return first;
}

/** The BFF prefixes messages with the field path (`ip: must be …`); the field shows only the sentence. */
export function stripFieldPrefix(message: string, field: string): string {
  const match = /^([\w.[\]-]+):\s+(.*)$/s.exec(message);
  if (match && match[1] && match[2] && match[1].split(/[.[]/)[0] === field) return match[2];
  return message;
}

/**
 * A field message as the user reads it: the schema's fragments (`is required`, `must be between 1 and 65535`)
 * get the field's label in front; whole sentences are left alone.
 */
export function fieldMessage(label: string, message: string | undefined): string | undefined {
  if (!message) return undefined;
  return /^[a-z]/.test(message) ? `${label} ${message}` : message;
}

export interface ServerErrorSplit {
  fieldErrors: { field: string; message: string }[];
  formErrors: ResponseInfo[];
}

export function splitServerErrors(errors: ResponseInfo[], fields: readonly string[]): ServerErrorSplit {
  const fieldErrors: { field: string; message: string }[] = [];
  const formErrors: ResponseInfo[] = [];
  for (const error of errors) {
    const field = fieldFromPointer(error.source?.pointer);
    if (field && fields.includes(field)) {
      fieldErrors.push({ field, message: stripFieldPrefix(error.message, field) });
    } else {
      formErrors.push(error);
    }
  }
  return { fieldErrors, formErrors };
}

/**
 * Applies a thrown error to a form. Returns the form-level message (or null when every error found its field).
 * The first field error gets focus.
 */
export function applyServerErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: readonly Path<T>[],
): string | null {
  if (!isApiError(error)) {
    const message = errorMessage(error);
    setError('root.serverError', { type: 'server', message });
    return message;
  }
  const { fieldErrors, formErrors } = splitServerErrors(error.errors, fields);
  const seen = new Set<string>();
  fieldErrors.forEach(({ field, message }, index) => {
    if (seen.has(field)) return; // one message per field: the first one
    seen.add(field);
    setError(field as Path<T>, { type: 'server', message }, { shouldFocus: index === 0 });
  });
  if (fieldErrors.length > 0 && formErrors.length === 0) return null;
  const message =
    formErrors.length > 0 ? formErrors.map((e) => e.message).join(' ') : error.message || 'The request was refused.';
  setError('root.serverError', { type: 'server', message });
  return message;
}
