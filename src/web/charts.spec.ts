import { describe, expect, it } from '@jest/globals';
import { barChart } from './charts.js';

describe('barChart', () => {
  const chart = barChart({ id: 'c1', title: 'Meldingen <per> maand', description: 'De tabel ernaast geeft de aantallen.', bars: [{ label: 'jan', value: 2 }, { label: 'feb', value: 0 }, { label: 'mrt & apr', value: 4 }] }).text;

  it('has an accessible name and description, referenced by aria-labelledby', () => {
    expect(chart).toMatch(/^<svg class="pl-chart" id="c1"[^>]* role="img" aria-labelledby="c1-title c1-desc"/);
    expect(chart).toContain('<title id="c1-title">Meldingen &lt;per&gt; maand</title>');
    expect(chart).toContain('<desc id="c1-desc">De tabel ernaast geeft de aantallen.</desc>');
  });

  it('draws one bar per value, the tallest the full height, zero flat, each labelled with its value', () => {
    const heights = [...chart.matchAll(/<rect class="pl-chart__bar"[^>]* height="([\d.]+)"/g)].map((match) => Number(match[1]));
    expect(heights).toEqual([90, 0, 180]);
    expect([...chart.matchAll(/<title>([^<]*)<\/title><\/rect>/g)].map((match) => match[1])).toEqual(['jan: 2', 'feb: 0', 'mrt &amp; apr: 4']);
    expect(chart).toContain('data-label="mrt &amp; apr" data-value="4"');
  });

  it('carries no inline style or script (the CSP allows neither)', () => {
    expect(chart).not.toMatch(/style=|<script|\son[a-z]+=/i);
  });

  it('draws an empty chart when there are no bars, without dividing by zero', () => {
    const empty = barChart({ id: 'c2', title: 't', description: 'd', bars: [] }).text;
    expect(empty).not.toContain('<rect');
    expect(empty).not.toContain('NaN');
  });
});
