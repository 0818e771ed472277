import { readFile } from 'node:fs/promises';

/*
 * Summarises a V8 CPU profile (.cpuprofile, as `--cpu-prof` writes it): self time by function
 * and by where the code comes from (a package, the service's own code, node internals, GC).
 *   node bench/dist/identity-profile.js <file.cpuprofile> [top]
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function areaOf(url: string, name: string): string {
  if (name === '(garbage collector)') return 'GC';
  if (name === '(idle)') return 'idle';
  if (name === '(program)') return '(program)';
  if (!url) return `native ${name || '(anonymous)'}`;
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules?.[1]) return modules[1];
  const own = /\/(services|libs)\/([^/]+)\/(?:dist|src)\/(.*?)(?:\.js)?$/.exec(url);
  if (own) return `${own[1]}/${own[2]}/${own[3]}`;
  if (url.startsWith('node:')) return url;
  return url;
}

async function main(): Promise<void> {
  const [file, topArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: identity-profile <file.cpuprofile> [top]');
  const top = Number(topArg ?? 30);
  const profile = JSON.parse(await readFile(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const total = [...self.values()].reduce((sum, us) => sum + us, 0);
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const area = areaOf(url, functionName);
    const key = `${functionName || '(anonymous)'} ${area}:${lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    byArea.set(area, (byArea.get(area) ?? 0) + us);
  }
  // Inclusive time of the service's own functions: each sample counted once per function on its stack.
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const inclusive = new Map<string, number>();
  for (const [id, us] of self) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at);
      if (!node || !/\/(services|libs)\//.test(node.callFrame.url)) continue;
      const key = `${node.callFrame.functionName || '(anonymous)'} ${areaOf(node.callFrame.url, '')}:${node.callFrame.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  const busy = total - (byArea.get('idle') ?? 0);
  const print = (title: string, entries: Map<string, number>) => {
    console.log(`\n${title} (ms, % of all, % of non-idle)`);
    for (const [key, us] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(
        `${(us / 1000).toFixed(0).padStart(8)}  ${((us / total) * 100).toFixed(1).padStart(5)} %  ${((us / busy) * 100).toFixed(1).padStart(5)} %  ${key}`,
      );
    }
  };
  console.log(`total ${(total / 1000).toFixed(0)} ms, non-idle ${(busy / 1000).toFixed(0)} ms`);
  print('by area', byArea);
  print('by function', byFunction);
  print("the service's and libs' functions, inclusive", inclusive);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
