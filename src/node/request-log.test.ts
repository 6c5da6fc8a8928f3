import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loggedRequest } from './request-log.ts';

describe('the logged request', () => {
  it('keeps the method, path and sender and says a query was dropped', () => {
    expect(loggedRequest({ method: 'GET', url: '/operator/lifeline/runs/r1/persons?q=%E5%B1%B1%E7%94%B0', host: 'localhost', ip: '127.0.0.1', socket: { remotePort: 5000 } })).toEqual({
      method: 'GET',
      url: '/operator/lifeline/runs/r1/persons',
      queryRedacted: true,
      host: 'localhost',
      remoteAddress: '127.0.0.1',
      remotePort: 5000,
    });
    expect(loggedRequest({ method: 'GET', url: '/health' })).toEqual({ method: 'GET', url: '/health' });
  });

  it('never carries any part of a query string, whatever the path and the query', () => {
    fc.assert(
      fc.property(fc.webPath(), fc.string({ minLength: 1 }), (path, query) => {
        const secret = `SECRET${query}`;
        const logged = loggedRequest({ method: 'GET', url: `${path}?q=${secret}` });
        expect(JSON.stringify(logged)).not.toContain('SECRET');
        expect(logged.url).toBe(path);
      }),
    );
  });
});
