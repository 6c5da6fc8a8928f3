// How much memory a process holds, from Linux's /proc: resident set (RSS, shared pages counted in every process that
// maps them) and proportional set (PSS, shared pages divided among their sharers, so a sum over processes is honest).
import { readFile } from 'node:fs/promises';

async function kilobytes(file: string, field: RegExp): Promise<number | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  const kb = text === undefined ? undefined : field.exec(text)?.[1];
  return kb === undefined ? undefined : Number(kb) * 1024;
}

/** Resident set size of a process in bytes, or undefined when it is gone (or not on Linux). */
export function residentBytes(pid: number): Promise<number | undefined> {
  return kilobytes(`/proc/${pid}/status`, /^VmRSS:\s+(\d+)\s+kB/m);
}

/** Proportional set size of a process in bytes, or undefined when it is gone (or not on Linux). */
export function proportionalBytes(pid: number): Promise<number | undefined> {
  return kilobytes(`/proc/${pid}/smaps_rollup`, /^Pss:\s+(\d+)\s+kB/m);
}
