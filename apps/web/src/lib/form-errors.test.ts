import { describe, expect, it, vi } from 'vitest';
import { ApiError } from './api-client';
import { applyServerErrors, fieldFromPointer, fieldMessage, splitServerErrors, stripFieldPrefix } from './form-errors';

describe('fieldFromPointer', () => {
  it('maps body pointers to their top-level field', () => {
    expect(fieldFromPointer('/name')).toBe('name');
    expect(fieldFromPointer('/peers/0')).toBe('peers');
    expect(fieldFromPointer('/auto_refresh_seconds')).toBe('auto_refresh_seconds');
  });

  it('unescapes JSON pointer segments', () => {
    expect(fieldFromPointer('/a~1b/0')).toBe('a/b');
    expect(fieldFromPointer('/a~0b')).toBe('a~b');
  });

  it('does not map params, query, the root or missing pointers', () => {
    expect(fieldFromPointer('/params/peer_id')).toBeNull();
    expect(fieldFromPointer('/query/page')).toBeNull();
    expect(fieldFromPointer('/')).toBeNull();
    expect(fieldFromPointer('')).toBeNull();
    expect(fieldFromPointer(undefined)).toBeNull();
  });
});

describe('stripFieldPrefix', () => {
  it('removes the BFF field prefix', () => {
    expect(stripFieldPrefix('ip: must be an IPv4 or IPv6 address', 'ip')).toBe('must be an IPv4 or IPv6 address');
    expect(stripFieldPrefix('peers.0: must be a Cloudflare identifier', 'peers')).toBe(
      'must be a Cloudflare identifier',
    );
  });
  it('keeps other messages intact', () => {
    expect(stripFieldPrefix('Name already in use: pick another', 'name')).toBe('Name already in use: pick another');
    expect(stripFieldPrefix('must be set', 'ip')).toBe('must be set');
  });
});

describe('fieldMessage', () => {
  it('puts the label before schema fragments and leaves sentences alone', () => {
    expect(fieldMessage('Name', 'is required')).toBe('Name is required');
    expect(fieldMessage('Port', 'Port 0 is reserved')).toBe('Port 0 is reserved');
    expect(fieldMessage('Port', undefined)).toBeUndefined();
  });
});

describe('splitServerErrors', () => {
  it('sends known fields to fields and the rest to the form', () => {
    const split = splitServerErrors(
      [
        { code: 1001, message: 'name: is required', source: { pointer: '/name' } },
        { code: 1001, message: 'peers.0: must be a Cloudflare identifier', source: { pointer: '/peers/0' } },
        { code: 1001, message: 'params.account_id: bad', source: { pointer: '/params/account_id' } },
        { code: 1001, message: 'color: not a field', source: { pointer: '/color' } },
        { code: 1502, message: 'Cloudflare answered 500' },
      ],
      ['name', 'peers'],
    );
    expect(split.fieldErrors).toEqual([
      { field: 'name', message: 'is required' },
      { field: 'peers', message: 'must be a Cloudflare identifier' },
    ]);
    expect(split.formErrors.map((e) => e.message)).toEqual([
      'params.account_id: bad',
      'color: not a field',
      'Cloudflare answered 500',
    ]);
  });
});

describe('applyServerErrors', () => {
  it('sets field errors and returns null when every error has a field', () => {
    const setError = vi.fn();
    const error = new ApiError({
      status: 400,
      errors: [{ code: 1001, message: 'ip: must be an IPv4 or IPv6 address', source: { pointer: '/ip' } }],
    });
    expect(applyServerErrors(error, setError, ['name', 'ip'])).toBeNull();
    expect(setError).toHaveBeenCalledWith(
      'ip',
      { type: 'server', message: 'must be an IPv4 or IPv6 address' },
      { shouldFocus: true },
    );
  });

  it('sets root.serverError and returns the message for errors without a field', () => {
    const setError = vi.fn();
    const error = new ApiError({ status: 502, errors: [{ code: 1502, message: 'Cloudflare is unavailable' }] });
    expect(applyServerErrors(error, setError, ['name'])).toBe('Cloudflare is unavailable');
    expect(setError).toHaveBeenCalledWith('root.serverError', { type: 'server', message: 'Cloudflare is unavailable' });
  });

  it('handles errors that are not ApiError', () => {
    const setError = vi.fn();
    expect(applyServerErrors(new Error('boom'), setError, ['name'])).toBe('boom');
    expect(setError).toHaveBeenCalledWith('root.serverError', { type: 'server', message: 'boom' });
  });

  it('keeps one message per field', () => {
    const setError = vi.fn();
    const error = new ApiError({
      status: 400,
      errors: [
        { code: 1001, message: 'peers.0: bad', source: { pointer: '/peers/0' } },
        { code: 1001, message: 'peers.1: bad too', source: { pointer: '/peers/1' } },
      ],
    });
    applyServerErrors(error, setError, ['peers']);
    expect(setError).toHaveBeenCalledTimes(1);
  });
});
