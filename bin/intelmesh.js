#!/usr/bin/env node
// The intelmesh command: registers tsx so Node runs the TypeScript sources as they are.
const major = Number(process.versions.node.split('.')[0])
if (major < 22) {
  process.stderr.write(`intelmesh needs Node.js 22 or newer (this is ${process.version}); run it through npx or npm exec, which use the project's Node 24\n`)
  process.exit(1)
}
const { register } = await import('tsx/esm/api')
register()
const { runCli } = await import('../src/cli/main.ts')
process.exitCode = await runCli(process.argv.slice(2))
