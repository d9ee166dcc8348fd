/**
 * `npm run bench:floor [-- --duration 8 --rounds 3]`: what the framework alone costs, so the
 * service's ratios can be read against what is reachable. In one run, each in its own process on
 * one scratch database, alternating round by round (medians), `GET /health` doing the same
 * `SELECT 1` (a pg Pool of 10, a named statement) on:
 * - the bare baseline (bench/bare-server.ts: node:http + pg);
 * - NestJS on Express with one controller and nothing else in its pipeline;
 * - NestJS on Fastify, the same;
 * - the service (`/health` goes through its whole pipeline: logging, security headers, request
 *   id, body guard, interceptors).
 * Never part of `npm test`; record what it prints in docs/benchmarks.md.
 */
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { join } from 'node:path';
import { Pool } from 'pg';
import { freePorts } from '../scripts/free-ports';
import { type Result, arg, benchConfig, measure, median, start, startService, stopAll, withScratchDatabase } from './support';

/** The child process: `node dist/bench/floor.js --serve <url> <express|fastify> <port>`. */
async function serve(url: string, platform: string, port: number): Promise<void> {
  const pool = new Pool({ connectionString: url, max: 10 });
  @Controller('health')
  class HealthController {
    @Get()
    async health() {
      await pool.query({ name: 'health', text: 'SELECT 1 AS ok' });
      return { status: 'ok' };
    }
  }
  @Module({ controllers: [HealthController] })
  class FloorModule {}
  const app = platform === 'fastify' ? await NestFactory.create(FloorModule, new FastifyAdapter(), { logger: false }) : await NestFactory.create(FloorModule, { logger: false });
  await app.listen(port, '127.0.0.1');
  process.send?.('ready');
}

async function main(): Promise<void> {
  const duration = arg('duration', 8);
  const rounds = arg('rounds', 3);
  await withScratchDatabase(benchConfig(), async (url) => {
    const [bare, express, fastify, service] = await freePorts(4);
    const self = join(__dirname, 'floor.js');
    const targets: [string, number][] = [
      ['bare baseline (node:http + pg)', bare],
      ['NestJS on Express, one route, nothing else', express],
      ['NestJS on Fastify, one route, nothing else', fastify],
      ['the service (its whole pipeline)', service],
    ];
    const children = [
      await start(join(__dirname, 'bare-server.js'), [url, String(bare)], {}, () => false),
      await start(self, ['--serve', url, 'express', String(express)], {}, () => false),
      await start(self, ['--serve', url, 'fastify', String(fastify)], {}, () => false),
      await startService(url, service),
    ];
    try {
      const runs = new Map<string, Result[]>(targets.map(([name]) => [name, []]));
      for (let r = 0; r < rounds; r++) {
        for (const [name, port] of targets) runs.get(name)?.push(await measure({ base: `http://127.0.0.1:${port}`, method: 'GET', paths: ['/health'] }, duration));
      }
      const rps = (name: string) => median((runs.get(name) ?? []).map((x) => x.rps));
      const baseline = rps(targets[0][0]);
      console.log(`\n\`GET /health\`, 10 connections, ${duration} s x ${rounds} rounds, medians\n`);
      console.log('| server | req/s | p50 / p99 ms | ratio to bare | errors |');
      console.log('|---|---|---|---|---|');
      for (const [name] of targets) {
        const xs = runs.get(name) ?? [];
        console.log(`| ${name} | ${rps(name).toFixed(0)} | ${median(xs.map((x) => x.p50))} / ${median(xs.map((x) => x.p99))} | **${(rps(name) / baseline).toFixed(2)}** | ${xs.reduce((n, x) => n + x.errors, 0)} |`);
      }
    } finally {
      await stopAll(children);
    }
  });
}

const serving = process.argv.indexOf('--serve');
(serving > 0 ? serve(process.argv[serving + 1], process.argv[serving + 2], Number(process.argv[serving + 3])) : main()).catch((e) => {
  console.error(e);
  process.exit(1);
});
