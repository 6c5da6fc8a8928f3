import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startPeriodicMaintenance } from './periodic-maintenance.ts';

const quietLog = { info: () => undefined, warn: () => undefined };

describe('periodic table upkeep', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('first runs soon after start, not a full interval later, then at each interval', async () => {
    const maintain = vi.fn(async () => ({ vacuumed: [] as string[] }));
    const upkeep = startPeriodicMaintenance({ maintain }, quietLog, { firstAfterMs: 60_000, everyMs: 300_000 });
    await vi.advanceTimersByTimeAsync(59_999);
    expect(maintain).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(maintain).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(300_000);
    expect(maintain).toHaveBeenCalledTimes(2);
    await upkeep.stop();
    await vi.advanceTimersByTimeAsync(10 * 300_000);
    expect(maintain).toHaveBeenCalledTimes(2);
  });

  it('never starts a run while one is in progress, and stop waits for it', async () => {
    let finish: (() => void) | undefined;
    const maintain = vi.fn(() => new Promise<{ vacuumed: string[] }>((resolve) => (finish = () => resolve({ vacuumed: ['audit_entries'] }))));
    const upkeep = startPeriodicMaintenance({ maintain }, quietLog, { firstAfterMs: 1_000, everyMs: 1_000 });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(maintain).toHaveBeenCalledTimes(1);
    let stopped = false;
    const stopping = upkeep.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish?.();
    await stopping;
    expect(stopped).toBe(true);
  });

  it('logs a failed run and keeps checking', async () => {
    const warn = vi.fn();
    const maintain = vi.fn().mockRejectedValueOnce(new Error('disk full')).mockResolvedValue({ vacuumed: [] });
    const upkeep = startPeriodicMaintenance({ maintain }, { info: () => undefined, warn }, { firstAfterMs: 1_000, everyMs: 1_000 });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(maintain).toHaveBeenCalledTimes(2);
    await upkeep.stop();
  });
});
