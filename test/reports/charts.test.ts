import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fontkit from 'fontkit';
import { riskHeatMap } from '../../src/domain/risk-register';
import type { Rag } from '../../src/domain/types';
import { BUNDLED_FONT_FILES, chartFonts, missingCharacters } from '../../src/reports/chart-fonts';
import { CHART_CONFIG, CHART_PALETTE, CHART_ZOOM, type RenderedChart } from '../../src/reports/chart-render';
import {
  kpiTrendSvg,
  RAG_COLORS,
  type RagHeatMapInput,
  ragHeatMapSvg,
  renderKpiTrendChart,
  renderRagHeatMap,
  trendScale,
} from '../../src/reports/charts';
import { renderRiskHeatMap, riskHeatMapSvg } from '../../src/reports/risk-heat-map';
import { PNG_SIGNATURE, pngPixels, scaledPng } from '../support/png';

/** Where the charts are written for a person to look at (git-ignored). */
const SCREENSHOTS = join(__dirname, '..', '..', 'test-output', 'charts');
/** About the width Slack and Teams show an image at inline in a conversation. */
const CHAT_WIDTH = 400;

/** Every code point from `from` to `to` that is a letter (so unassigned gaps are skipped). */
function letters(from: number, to: number): string {
  let text = '';
  for (let codePoint = from; codePoint <= to; codePoint++) {
    const char = String.fromCodePoint(codePoint);
    if (/\p{L}/u.test(char)) text += char;
  }
  return text;
}

/** What people type in titles, KPI names and vendors, by script: the set issue 18 names. */
const CHARACTER_SET = {
  'Latin-1': letters(0xc0, 0xff),
  'Latin Extended-A': letters(0x100, 0x17f),
  'Latin Extended-B (Romanian, Croatian, pinyin)': 'ȘșȚțǄǅǆǇǈǉǊǋǌǍǎǏǐǑǒǓǔƠơƯư',
  'Latin Extended Additional (Vietnamese)': letters(0x1ea0, 0x1ef9),
  'combining diacritics': 'e\u0301 a\u0300 o\u0302 u\u0308 c\u0327 n\u0303 a\u030a',
  Greek: letters(0x391, 0x3a9) + letters(0x3ac, 0x3ce),
  Cyrillic: `${letters(0x400, 0x45f)}ҐґЄєІіЇїЎў`,
  Turkish: 'ÇçĞğİıÖöŞşÜü',
  symbols: '≥ ≤ — · € Ø ø ° ± × ÷ ‰ № « » „ “ ” ‘ ’ … – £ ¥ ₺ ₫ ₽',
} as const;

const EVERYTHING = Object.values(CHARACTER_SET).join(' ');

/** Titles, KPIs and vendors as the demo's people write them, each drawn from a script above. */
const KPIS = [
  'Availability — HQ campus',
  'Kundenzufriedenheit (Ø)',
  'Réactivité ≥ 90 % · Genève',
  'Διαθεσιμότητα δικτύου',
  'Время реакции ≤ 4 ч',
  'Müşteri memnuniyeti, İstanbul',
  'Thời gian phản hồi — Hà Nội',
  'Ștergere București · Dubrovnik đ',
];
const VENDOR = 'Café Crème Sàrl — Zürich & Genève';

/** The chart as rendered, and as a chat client shows it inline (about 400 px wide), with its alt text. */
async function writeScreenshot(name: string, chart: RenderedChart): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  writeFileSync(join(SCREENSHOTS, `${name}.png`), chart.png);
  writeFileSync(join(SCREENSHOTS, `${name}-chat-size.png`), await scaledPng(chart.png, CHAT_WIDTH));
  writeFileSync(join(SCREENSHOTS, `${name}.txt`), `${chart.altText}\n`);
}

function series(rags: Array<Rag | null>, values: Array<number | null>) {
  return rags.map((rag, index) => ({
    periodKey: `2026-${String(index + 1).padStart(2, '0')}`,
    value: values[index]!,
    rag,
  }));
}

const HEAT_MAP: RagHeatMapInput = {
  title: VENDOR,
  kpis: KPIS,
  periods: ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'],
  cells: KPIS.map((_, row) =>
    (['green', 'amber', 'red', null, 'green', 'green'] as Array<Rag | null>).map(
      (_rag, column, all) => all[(row + column) % all.length]!,
    ),
  ),
};

describe('chart fonts', () => {
  it('the bundled font has a glyph for every character of the set, read from its own character map', () => {
    const font = fontkit.openSync(BUNDLED_FONT_FILES[0]!) as fontkit.Font;
    for (const [script, text] of Object.entries(CHARACTER_SET)) {
      const missing = [...text].filter(
        (char) => char.trim() !== '' && !font.hasGlyphForCodePoint(char.codePointAt(0)!),
      );
      expect({ script, missing }).toEqual({ script, missing: [] });
    }
  });

  it('names the characters no chart font has, such as Chinese, instead of drawing boxes', () => {
    const fonts = chartFonts();
    expect(missingCharacters(fonts, [EVERYTHING])).toEqual([]);
    expect(missingCharacters(fonts, ['東京 Facilities — 北京', 'Zürich'])).toEqual(['東', '京', '北']);
  });

  it('draws with a configured fallback font for what DejaVu Sans lacks', () => {
    // DejaVu's maths font has symbols the sans face lacks; a CJK font works the same way.
    const math = require.resolve('dejavu-fonts-ttf/ttf/DejaVuMathTeXGyre.ttf');
    const symbol = String.fromCodePoint(0x20d2); // combining long vertical line overlay
    expect(missingCharacters(chartFonts(), [symbol])).toEqual([symbol]);
    expect(missingCharacters(chartFonts([math]), [symbol])).toEqual([]);
  });

  it('measures text with the font: a wide letter is wider than a narrow one', () => {
    const fonts = chartFonts();
    expect(fonts.measure('WWWW', 15, false)).toBeGreaterThan(fonts.measure('iiii', 15, false) * 2);
    expect(fonts.measure('Zürich', 15, true)).toBeGreaterThan(fonts.measure('Zürich', 15, false));
  });
});

describe('every chart with the whole character set', () => {
  it('the KPI trend draws its title and unit in full, with nothing missing', async () => {
    for (const [index, kpi] of KPIS.entries()) {
      const input = {
        title: `${kpi} — ${VENDOR}`,
        kpiName: kpi,
        unit: '%',
        series: series(['green', 'amber', null, 'red', 'green', 'green'], [97, 93.5, null, 89, 96, 98]),
        target: 95,
        warning: 92,
        breach: 90,
        direction: 'higher-is-better' as const,
        kind: 'percent' as const,
      };
      const chart = await renderKpiTrendChart(input);
      expect(chart.missingCharacters).toEqual([]);
      expect(chart.png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
      const svg = await kpiTrendSvg(input);
      // Drawn whole, on one line or wrapped onto two, never cut with an ellipsis.
      const drawn = visibleText(svg);
      for (const word of input.title.split(' ')) expect(drawn).toContain(word);
      expect(drawn).not.toContain('…');
      if (index === 0) await writeScreenshot('kpi-trend', chart);
    }
  });

  it('the RAG heat map draws every KPI name in full', async () => {
    const chart = await renderRagHeatMap(HEAT_MAP);
    expect(chart.missingCharacters).toEqual([]);
    const svg = visibleText(await ragHeatMapSvg(HEAT_MAP));
    for (const kpi of KPIS) expect(svg).toContain(kpi);
    expect(svg).toContain(VENDOR);
    expect(svg).not.toContain('…');
    await writeScreenshot('rag-heat-map', chart);
  });

  it('the risk heat map draws its title in full', async () => {
    const map = riskHeatMap([
      { title: 'Ausfall Rechenzentrum', likelihood: 5, impact: 4 },
      { title: 'Ζήτηση', likelihood: 2, impact: 3 },
      { title: 'Задержка', likelihood: 2, impact: 3 },
      { title: 'Gecikme', likelihood: 1, impact: 1 },
    ]);
    const title = `Risques — ${VENDOR} (4 ouverts)`;
    const chart = await renderRiskHeatMap(map, title);
    expect(chart.missingCharacters).toEqual([]);
    const drawn = visibleText(await riskHeatMapSvg(map, title));
    for (const word of title.split(' ')) expect(drawn).toContain(word);
    expect(drawn).not.toContain('…');
    await writeScreenshot('risk-heat-map', chart);
  });

  it('a sample of every script, as one chart to look at', async () => {
    const kpis = Object.keys(CHARACTER_SET);
    const input: RagHeatMapInput = {
      title: 'Every script a title may use',
      kpis: Object.values(CHARACTER_SET).map((text) => [...text].slice(0, 34).join('')),
      periods: ['2026-01'],
      cells: kpis.map(() => ['green']),
    };
    const chart = await renderRagHeatMap(input);
    expect(chart.missingCharacters).toEqual([]);
    await writeScreenshot('character-set', chart);
  });
});

describe('what a person sees', () => {
  it('has an opaque background, so it reads on the dark themes of Slack and Teams', async () => {
    const chart = await renderRagHeatMap(HEAT_MAP);
    const pixels = await pngPixels(chart.png);
    for (const [x, y] of [
      [0, 0],
      [pixels.width - 1, 0],
      [0, pixels.height - 1],
      [pixels.width - 1, pixels.height - 1],
    ] as const) {
      expect(pixels.pixel(x, y)).toEqual([255, 255, 255, 255]);
    }
  });

  it('is large enough to read at chat size', async () => {
    const pixels = await pngPixels((await renderKpiTrendChart({ ...trendInput(), title: 'Uptime' })).png);
    // Wider than a chat client shows it inline, so it is never enlarged and blurred there…
    expect(pixels.width).toBeGreaterThanOrEqual(480);
    expect(pixels.height).toBeGreaterThanOrEqual(300);
    // …and small enough that its axis labels, shown 400 px wide, are still about 10 px high.
    const labelAtChatSize = (CHART_CONFIG.axis.labelFontSize * CHART_ZOOM * CHAT_WIDTH) / pixels.width;
    expect(labelAtChatSize).toBeGreaterThanOrEqual(9.5);
  });

  it('paints each heat-map cell in its rag colour and marks it with its letter', async () => {
    const svg = await ragHeatMapSvg(HEAT_MAP);
    const cells = HEAT_MAP.cells.flat();
    for (const rag of ['green', 'amber', 'red'] as const) {
      const painted = svg.match(new RegExp(`fill="${RAG_COLORS[rag]}"`, 'gi'))?.length ?? 0;
      expect(painted).toBe(cells.filter((cell) => cell === rag).length);
    }
    const letters = [...svg.matchAll(/<text[^>]*>([GAR–])<\/text>/g)].map((match) => match[1]);
    expect(letters.filter((letter) => letter === 'R')).toHaveLength(cells.filter((cell) => cell === 'red').length);
  });

  it('colours the trend points by rag and labels each threshold line', async () => {
    const svg = unescapeXml(await kpiTrendSvg(trendInput()));
    expect(svg).toContain('Target 95');
    expect(svg).toContain('Warning 92');
    expect(svg).toContain('Breach 90');
    expect(svg).toContain('Higher is better');
    expect(svg.toLowerCase()).toContain(`fill="${RAG_COLORS.red.toLowerCase()}"`);
    expect(svg.toLowerCase()).toContain(`stroke-dasharray="8,6"`);
  });

  it('says in words what the trend shows', async () => {
    const chart = await renderKpiTrendChart(trendInput());
    expect(chart.altText).toBe(
      'Line chart of Uptime over 6 periods from 2026-01 to 2026-06. Target 95 %, warning at 92, breach at 90; higher is better. Latest 2026-06: 98 % (green). 3 green, 1 amber, 1 red, 1 without a score.',
    );
  });

  it('says in words which KPIs are red and amber in the latest period of the heat map', async () => {
    const chart = await renderRagHeatMap({
      title: 'CT-1 by period',
      kpis: ['Uptime', 'Kundenzufriedenheit (Ø)', 'Response'],
      periods: ['2026-01', '2026-02'],
      cells: [
        ['green', 'red'],
        ['amber', 'amber'],
        ['green', null],
      ],
    });
    expect(chart.altText).toBe(
      'CT-1 by period: heat map of 3 KPIs by period from 2026-01 to 2026-02, each cell green, amber or red. In 2026-02: 1 amber, 1 red, 1 without a score. Red: Uptime. Amber: Kundenzufriedenheit (Ø). Over all periods: 2 green, 2 amber, 1 red, 1 without a score.',
    );
  });

  it('says in words where the risks lie', async () => {
    const map = riskHeatMap([
      { title: 'a', likelihood: 5, impact: 4 },
      { title: 'b', likelihood: 2, impact: 3 },
      { title: 'c', likelihood: 2, impact: 3 },
    ]);
    const chart = await renderRiskHeatMap(map, 'Risks of CT-1');
    expect(chart.altText).toBe(
      'Risks of CT-1: 5 by 5 risk matrix, likelihood up and impact across, holding 3 risks: 1 critical, 2 medium. The highest: 1 risk at likelihood 5 and impact 4 (score 20, critical).',
    );
    const empty = await renderRiskHeatMap(riskHeatMap([]));
    expect(empty.altText).toBe('5 by 5 risk matrix, likelihood up and impact across, with no open risks.');
  });

  it('draws a chart with no scores yet and says so', async () => {
    const input = { ...trendInput(), series: [] };
    const chart = await renderKpiTrendChart(input);
    expect(chart.png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(chart.altText).toContain('no scores yet');
    expect(await kpiTrendSvg(input)).toContain('No scores yet');
  });

  it('refuses heat-map cells that do not match the KPIs and periods', async () => {
    await expect(renderRagHeatMap({ kpis: ['a'], periods: ['p1', 'p2'], cells: [['green']] })).rejects.toThrow(
      'one cell per period',
    );
  });
});

describe('charts drawn at the same time', () => {
  it('each shows its own data, as when drawn one after the other', async () => {
    const inputs = ['Uptime', 'Réactivité', 'Время реакции', 'Müşteri'].map((title, n) => ({
      ...trendInput(),
      title,
      series: trendInput().series.map((point, index) => ({
        ...point,
        value: point.value === null ? null : 90 + ((index + n) % 9),
      })),
    }));
    const together = await Promise.all(inputs.map((input) => kpiTrendSvg(input)));
    const oneByOne: string[] = [];
    for (const input of inputs) oneByOne.push(await kpiTrendSvg(input));
    expect(together).toEqual(oneByOne);
    expect(new Set(together).size).toBe(inputs.length);
    for (const [n, input] of inputs.entries()) expect(unescapeXml(together[n]!)).toContain(input.title);
  });
});

describe('trendScale', () => {
  it('keeps a percentage axis within 0–100 and every value and threshold inside it', () => {
    const scale = trendScale({ ...trendInput(), series: series(['green'], [100]) });
    expect(scale.max).toBe(100);
    expect(scale.min).toBeLessThanOrEqual(90);
  });

  it('widens a range of one value', () => {
    const scale = trendScale({ series: [], target: 5, warning: 5, breach: 5 });
    expect(scale.min).toBeLessThan(5);
    expect(scale.max).toBeGreaterThan(5);
  });
});

function trendInput() {
  return {
    title: 'Uptime — CT-1',
    kpiName: 'Uptime',
    unit: '%',
    series: series(['green', 'amber', null, 'red', 'green', 'green'], [97, 93.5, null, 89, 96, 98]),
    target: 95,
    warning: 92,
    breach: 90,
    direction: 'higher-is-better' as const,
    kind: 'percent' as const,
  };
}

/** The text a person sees: the contents of the SVG's <text> elements (a wrapped title is one per line). */
function visibleText(svg: string): string {
  return [...svg.matchAll(/<text[^>]*>(.*?)<\/text>/gs)]
    .map((match) => unescapeXml(match[1]!.replace(/<tspan[^>]*>/g, '').replace(/<\/tspan>/g, ' ')))
    .join(' ');
}

function unescapeXml(svg: string): string {
  return svg
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}

// The background is part of the palette the charts promise.
test('the palette background is white', () => expect(CHART_PALETTE.background).toBe('#ffffff'));
