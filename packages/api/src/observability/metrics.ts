import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  engineTaskDuration: Histogram<'task'>;
  engineQueueDepth: Gauge;
  engineUtilization: Gauge;
  cacheRequests: Counter<'cache' | 'result'>;
  ingestedInstances: Counter<'outcome'>;
}

/** One registry per app (tests start several apps in a process). */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'lucent_http_request_duration_seconds',
      help: 'HTTP request latency by route pattern',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    engineTaskDuration: new Histogram({
      name: 'lucent_engine_task_duration_seconds',
      help: 'Engine task time as seen by the API (queue wait included)',
      labelNames: ['task'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    engineQueueDepth: new Gauge({
      name: 'lucent_engine_queue_depth',
      help: 'Engine tasks waiting for a worker',
      registers: [registry],
    }),
    engineUtilization: new Gauge({
      name: 'lucent_engine_utilization',
      help: 'Engine pool utilization (0–1)',
      registers: [registry],
    }),
    cacheRequests: new Counter({
      name: 'lucent_cache_requests_total',
      help: 'Cache lookups by cache and result (hit or miss)',
      labelNames: ['cache', 'result'],
      registers: [registry],
    }),
    ingestedInstances: new Counter({
      name: 'lucent_ingested_instances_total',
      help: 'Uploaded instances by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    }),
  };
}
