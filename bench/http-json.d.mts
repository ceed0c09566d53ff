import type http from 'node:http';

export function jsonRequest(
  port: number,
  agent: http.Agent,
  method: string,
  path: string,
  body: unknown,
  headers?: Record<string, string>,
): Promise<{ status: number; body: string; setCookie?: string[]; reusedSocket: boolean }>;

export function inParallel(n: number, width: number, run: (i: number) => Promise<void>): Promise<void>;
