export { type CreateAppOptions, createApp, type LucentApp } from './app/create-app.js';
export type { Services } from './app/services.js';
export { type Env, EnvSchema, loadEnv } from './config/env.js';
export type { AppRouter } from './trpc/app-router.js';
