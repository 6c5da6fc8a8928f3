// Every benchmark `npm run bench` knows, in the order they run.
import type { Benchmark } from './harness.ts';
import { auditBenchmark } from './audit.bench.ts';
import { importBenchmark } from './import.bench.ts';
import { policyBenchmark } from './policy.bench.ts';
import { signaturesBenchmark } from './signatures.bench.ts';
import { httpSignaturesBenchmark } from './http-signatures.bench.ts';
import { lifelineBenchmark } from './lifeline.ts';
import { writesBenchmark } from './writes.ts';
import { polygonBenchmark } from './polygon.ts';
import { areaCheckBenchmark } from './area-check.bench.ts';
import { alertPolygonMatchBenchmark } from './alert-polygon-match.bench.ts';
import { federatedQueryBenchmark } from './federated-query.ts';
import { alertsJmaSchemaBenchmark, alertsParseBenchmark } from './alerts-parse.ts';
import { logisticsBenchmark } from './logistics.ts';
import { logisticsSeaAirBenchmark } from './logistics-sea-air.ts';
import { alertsPeopleBenchmark } from './alerts-people.ts';
import { aggregateBenchmark } from './aggregate.bench.ts';
import { pgliteThreadBenchmark } from './pglite-thread.ts';

import { pageReleaseBenchmark } from './page-release.ts';

export const benchmarks: Benchmark[] = [importBenchmark, policyBenchmark, signaturesBenchmark, httpSignaturesBenchmark, auditBenchmark, writesBenchmark, polygonBenchmark, areaCheckBenchmark, alertPolygonMatchBenchmark, federatedQueryBenchmark, lifelineBenchmark, alertsParseBenchmark, alertsJmaSchemaBenchmark, alertsPeopleBenchmark, pageReleaseBenchmark, logisticsBenchmark, logisticsSeaAirBenchmark, aggregateBenchmark, pgliteThreadBenchmark];
