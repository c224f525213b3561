export interface Row {
  measure: string;
  n: number | string;
  p50: string;
  p95: string;
  note: string;
}

export function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export async function timeAll(n: number, fn: (i: number) => Promise<unknown> | unknown): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b);
}

export function latencyRow(measure: string, times: number[], note = ''): Row {
  return {
    measure,
    n: times.length,
    p50: quantile(times, 0.5).toFixed(2),
    p95: quantile(times, 0.95).toFixed(2),
    note,
  };
}

export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
