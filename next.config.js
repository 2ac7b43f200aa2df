// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and process-spawning modules stay out of the server bundle; isolated-vm is never
  // loaded by the web server at all (learner code runs in sandbox child processes).
  serverExternalPackages: ['better-sqlite3', 'pg', 'pg-boss', 'esbuild', 'isolated-vm', 'tsx'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
