// What `npm start` prints once the demo federation runs: who takes part, in what role, where each node answers,
// and what to try next — in Japanese, or English with --lang en. Pure: nodes in, lines out.
import path from 'node:path';
import type { Lang } from '../i18n/index.ts';
import { participantRoles } from '../model/codes.ts';
import type { DemoNode } from './federation.ts';
import type { DemoDataset } from './scenario.ts';

/** Columns a string takes in a terminal: East Asian wide and full-width characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

/** The widest a printed line may be: a terminal of 100 columns shows every line whole. */
export const BANNER_WIDTH = 100;

/** Words (separated by the given separator) laid out in lines of at most `width` columns, each after `indent`. */
function wrap(items: readonly string[], separator: string, indent: string, width = BANNER_WIDTH): string[] {
  const lines: string[] = [];
  let current = '';
  for (const item of items) {
    const next = current === '' ? item : `${current}${separator}${item}`;
    if (current !== '' && displayWidth(indent + next) > width) {
      lines.push(indent + current + separator.trimEnd());
      current = item;
    } else current = next;
  }
  if (current !== '') lines.push(indent + current);
  return lines;
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (r: readonly string[]) => r.map((cell, i) => (i === r.length - 1 ? cell : padEnd(cell, widths[i]!))).join('  ').trimEnd();
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)];
}

function datasetLabel(d: DemoDataset, lang: Lang): string {
  const ja = lang === 'ja';
  switch (d.kind) {
    case 'gsi-shelters':
      return d.cities === 'all' ? (ja ? '避難所（国土地理院・県内全域）' : 'shelters (GSI, whole prefecture)') : ja ? '避難所（国土地理院）' : 'shelters (GSI)';
    case 'nanao-open-shelters':
      return ja ? '避難者数（七尾市の実データ）' : 'evacuee counts (Nanao, real)';
    case 'noto-alerts':
      return ja ? '震度・津波警報（再構成、訓練扱い）' : 'intensities and tsunami warning (reconstructed, as an exercise)';
    case 'noto-trunk-roads':
      return ja ? '能登の幹線道路網と通行止め（簡略化・2024年1月の再構成）' : 'Noto trunk roads and closures (simplified; January 2024 reconstructed)';
    case 'logistics-holdings':
      return {
        'prefectural-depot': ja ? '県の備蓄倉庫の在庫（架空の数量）' : 'prefectural stockpile (fictional quantities)',
        'retail-stores': ja ? '店舗ごとの在庫（架空）' : 'stock per store (fictional)',
        'transport-fleet': ja ? '空き車両と積載量（架空）' : 'spare vehicles and capacity (fictional)',
      }[d.holder];
    case 'synthetic-persons':
      return {
        'nanao-support-list': ja ? '避難行動要支援者名簿（合成）' : 'evacuation-support list (synthetic)',
        'wajima-support-list': ja ? '避難行動要支援者名簿（合成）' : 'evacuation-support list (synthetic)',
        'dialysis-patients': ja ? '透析患者（合成）' : 'dialysis patients (synthetic)',
        'care-clients': ja ? '利用者（合成）' : 'care clients (synthetic)',
      }[d.list];
  }
}

export interface DemoBanner {
  root: string;
  nodes: readonly DemoNode[];
  lang: Lang;
}

/** The lines printed after start-up. */
export function renderDemoBanner({ root, nodes, lang }: DemoBanner): string[] {
  const ja = lang === 'ja';
  const out: string[] = [];
  out.push('');
  out.push(ja ? 'Tsunagu デモ: 令和6年能登半島地震のフェデレーションが起動しました' : 'Tsunagu demo: the 2024 Noto Peninsula Earthquake federation is running');
  out.push(ja ? `状態の保存先: ${root}` : `State: ${root}`);
  out.push('');
  const header = ja ? ['#', '参加者', '役割'] : ['#', 'Participant', 'Role'];
  const rows = nodes.map((n, i) => {
    const p = n.participant;
    const role = participantRoles[p.role][lang] + (p.key === 'national' ? (ja ? '・トラストアンカー' : ', trust anchor') : '');
    return [String(i + 1), p.name[lang], role];
  });
  const [head, rule, ...lines] = table([header, ...rows]);
  out.push(`  ${head}`, `  ${rule}`);
  // Each participant's URL, id and data under its row, so the table fits a terminal however long the names are.
  nodes.forEach((n, i) => {
    const p = n.participant;
    out.push(`  ${lines[i]}`, `     ${n.url}  ${p.id}`);
    const data = p.datasets.length === 0 ? ['-'] : p.datasets.map((d) => datasetLabel(d, lang));
    out.push(...wrap(data, ja ? '、' : ', ', '     '));
  });
  out.push('');
  const example = nodes.find((n) => n.participant.key === 'nanao') ?? nodes[0];
  out.push(
    ja
      ? `各ノードの入口（${example?.participant.name.ja ?? ''}の例。どのノードも同じパスです）:`
      : `On every node (${example?.participant.name.en ?? ''} as the example; the same paths on each):`,
  );
  const entries: [string, string][] = [
    [ja ? 'API文書' : 'API docs', '/docs'],
    ['OpenAPI', '/openapi.json'],
    [ja ? 'カタログ' : 'Catalog', '/api/v1/catalog'],
    [ja ? 'ポリシー' : 'Policies', '/api/v1/policies'],
    [ja ? '災害宣言' : 'Declarations', '/api/v1/declarations'],
    ['Health', '/health'],
  ];
  const labelWidth = Math.max(...entries.map(([l]) => displayWidth(l)));
  for (const [label, suffix] of entries) out.push(`  ${padEnd(`${label}:`, labelWidth + 1)}  ${example?.url ?? ''}${suffix}`);
  out.push('');
  out.push(...renderConsoleLines(nodes, lang));
  const nanao = nodes.find((n) => n.participant.key === 'nanao');
  if (nanao) {
    out.push('');
    out.push(ja ? '試してみる:' : 'Try:');
    out.push(`  curl '${nanao.url}/api/v1/shelters?area=172022&purpose=evacuation-support'`);
    out.push(`  ${nanao.url}/docs`);
    out.push(`  npx tsunagu declare --hazard earthquake --phase emergency --area 172022,172049 --expires 72h`);
    // The anchor is run like any other: an organisation joins with the commands of docs/join.md.
    out.push(`  npx tsunagu trust show --dir ${path.join(root, 'anchor')}    # ${ja ? '参加者の追加は docs/join.md' : 'to add a participant see docs/join.md'}`);
  }
  out.push('');
  out.push(
    ...(ja
      ? [
          '避難所は国土地理院の実データ、七尾市の避難者数は実データです。',
          '要配慮者はすべて合成データ（架空の人物）です。',
          '店舗・在庫・車両は架空、道路の通行止めは2024年1月の再構成です。',
        ]
      : [
          'Shelters are real GSI open data and Nanao City evacuee counts are real;',
          'every person is synthetic (fictitious);',
          'stores, stock and vehicles are fictional; road closures reconstruct January 2024.',
        ]),
  );
  out.push(ja ? '停止するには Ctrl+C（docs/demo.md に説明があります）' : 'Stop with Ctrl+C (see docs/demo.md)');
  return out;
}

/**
 * Where each node's console opens, Nanao City's first as the municipal officer's. Each URL carries the node's operator
 * token for this run in its fragment, which the browser never sends to the server.
 */
export function renderConsoleLines(nodes: readonly DemoNode[], lang: Lang): string[] {
  const ja = lang === 'ja';
  const out = ja
    ? ['コンソール（ブラウザで開いてください。URLには起動ごとに変わる操作用トークンが含まれます。', '他人に渡さないでください）:']
    : ['Consoles (open in a browser; each URL carries an operator token that changes on every start —', 'do not share it):'];
  const nanao = nodes.find((n) => n.participant.key === 'nanao');
  const ordered = nanao ? [nanao, ...nodes.filter((n) => n !== nanao)] : [...nodes];
  const labels = ordered.map((n) =>
    n === nanao
      ? ja
        ? `${n.participant.name.ja}の職員用コンソール`
        : `The municipal officer's console (${n.participant.name.en})`
      : n.participant.name[lang],
  );
  // The URL on a line of its own: a label and a token URL side by side do not fit 100 columns.
  ordered.forEach((n, i) => out.push(`  ${labels[i]}:`, `    ${n.consoleUrl}`));
  return out;
}
