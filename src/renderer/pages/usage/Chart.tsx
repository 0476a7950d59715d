import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type ChartDataset,
  type TooltipItem,
} from 'chart.js';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { savePng } from './png';

// Only what the usage charts draw: stacked bars and lines, with tooltips. No legend plugin (the page
// draws its own, as buttons), no animations, no stylesheet injection (our CSP allows only 'self').
Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Filler);

/** Series colours are tokens (`--series-1` … `--series-10`, `--series-other` in tokens.css), read at draw time. */
const SERIES_COUNT = 10;

export interface ThemeColors {
  theme: 'light' | 'dark';
  text: string;
  text2: string;
  text3: string;
  grid: string;
  surface: string;
  border: string;
  font: string;
  palette: readonly string[];
  other: string;
  accent: string;
  ok: string;
  danger: string;
}

function currentTheme(): 'light' | 'dark' {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

function readColors(theme: 'light' | 'dark'): ThemeColors {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  const palette = Array.from({ length: SERIES_COUNT }, (_, i) => v(`--series-${i + 1}`)).filter(Boolean);
  return {
    theme,
    text: v('--text'),
    text2: v('--text-2'),
    text3: v('--text-3'),
    grid: v('--border'),
    surface: v('--surface'),
    border: v('--border'),
    font: v('--font') || 'system-ui, sans-serif',
    palette: palette.length ? palette : [v('--accent')],
    other: v('--series-other') || v('--text-3'),
    accent: v('--accent'),
    ok: v('--ok'),
    danger: v('--danger'),
  };
}

/** Chart colours from the CSS variables, re-read whenever the app switches between light and dark. */
export function useThemeColors(): ThemeColors {
  const [theme, setTheme] = useState(currentTheme);
  useEffect(() => {
    const observer = new MutationObserver(() => setTheme(currentTheme()));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => observer.disconnect();
  }, []);
  return useMemo(() => readColors(theme), [theme]);
}

export interface ChartSeries {
  id: string;
  label: string;
  color: string;
  data: (number | null)[];
  /** Line charts: dashed (a second measure on the same axis). */
  dashed?: boolean;
  /** Line charts: fill under the line. */
  fill?: boolean;
}

export interface UsageChartProps {
  title: string;
  /** A short figure beside the title (the range total). */
  figure?: ReactNode;
  kind: 'bar' | 'line';
  stacked?: boolean;
  labels: string[];
  /** Tooltip title per bucket (a longer date). */
  titles: string[];
  series: ChartSeries[];
  colors: ThemeColors;
  /** Axis ticks. */
  formatTick: (n: number) => string;
  /** Tooltip values. */
  formatValue: (n: number) => string;
  /** Label of the stacked total in the tooltip. */
  totalLabel?: string;
  yMax?: number;
  ariaLabel: string;
  /** File name (without extension) of the PNG download. */
  fileName: string;
  pngLabel: string;
  /** A line under the PNG's title: the hub and the range. */
  caption: string;
  testId?: string;
  wide?: boolean;
  empty?: string | null;
  /** The PNG was handed to the browser, as `name.png`. */
  onSaved?: (file: string) => void;
}

/** One Chart.js chart in a card, updated in place when its data changes; downloadable as PNG. */
export function UsageChart(props: UsageChartProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const chartRef = useRef<Chart | null>(null);
  const { kind, stacked, labels, titles, series, colors, formatTick, formatValue, totalLabel, yMax } = props;
  // Parents pass memoised arrays and formatters, so the chart redraws only when its data or theme changes.
  const config = useMemo(
    () => buildConfig({ kind, stacked, labels, titles, series, colors, formatTick, formatValue, totalLabel, yMax }),
    [kind, stacked, labels, titles, series, colors, formatTick, formatValue, totalLabel, yMax],
  );

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const chart = new Chart(canvas, config);
    chartRef.current = chart;
    return () => {
      chart.destroy();
      chartRef.current = null;
    };
    // The chart is created once; later changes go through update() below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    // Same type: swap data and options and redraw without animation (hover state survives).
    chart.data = config.data;
    chart.options = config.options ?? {};
    chart.update('none');
  }, [config]);

  const downloadPng = () => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    savePng(canvas, props.colors, { title: props.title, caption: props.caption, series: props.series }, props.fileName);
    props.onSaved?.(`${props.fileName}.png`);
  };

  return (
    <figure
      className={`usage-chart card${props.wide ? ' usage-chart--wide' : ''}`}
      data-testid={props.testId}
      data-buckets={labels.length}
      data-series={series.map((s) => s.id).join(' ')}
    >
      <figcaption className="usage-chart__header">
        <div>
          <h3>{props.title}</h3>
          {props.figure !== undefined ? <div className="usage-chart__figure">{props.figure}</div> : null}
        </div>
        <button type="button" className="button button--small" onClick={downloadPng} title={props.pngLabel}>
          {props.pngLabel}
        </button>
      </figcaption>
      <div className="usage-chart__canvas">
        <canvas ref={canvasRef} role="img" aria-label={props.ariaLabel} />
        {props.empty ? <p className="usage-chart__empty">{props.empty}</p> : null}
      </div>
    </figure>
  );
}

type ConfigInput = Pick<
  UsageChartProps,
  'kind' | 'stacked' | 'labels' | 'titles' | 'series' | 'colors' | 'formatTick' | 'formatValue' | 'totalLabel' | 'yMax'
>;

function buildConfig(p: ConfigInput): ChartConfiguration<'bar' | 'line', (number | null)[], string> {
  const c = p.colors;
  const datasets: ChartDataset<'bar' | 'line', (number | null)[]>[] = p.series.map((s) =>
    p.kind === 'bar'
      ? {
          type: 'bar' as const,
          label: s.label,
          data: s.data,
          backgroundColor: s.color,
          borderColor: c.surface,
          borderWidth: p.stacked && p.series.length > 1 ? { top: 1, bottom: 0, left: 0, right: 0 } : 0,
          borderRadius: 2,
          stack: p.stacked ? 'all' : s.id,
          maxBarThickness: 36,
        }
      : {
          type: 'line' as const,
          label: s.label,
          data: s.data,
          borderColor: s.color,
          backgroundColor: `${s.color}22`,
          borderWidth: 2,
          borderDash: s.dashed ? [6, 4] : [],
          pointRadius: p.labels.length > 40 ? 0 : 2,
          pointHoverRadius: 4,
          pointBackgroundColor: s.color,
          tension: 0.25,
          spanGaps: true,
          fill: s.fill ? 'origin' : false,
        },
  );

  const tooltipLabel = (item: TooltipItem<'bar' | 'line'>) => {
    const v = item.parsed.y;
    return ` ${item.dataset.label ?? ''}: ${v === null || v === undefined ? '—' : p.formatValue(v)}`;
  };

  return {
    type: p.kind,
    data: { labels: p.labels, datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      normalized: true,
      interaction: { mode: 'index', intersect: false },
      font: { family: c.font },
      layout: { padding: { top: 4, right: 4 } },
      scales: {
        x: {
          stacked: !!p.stacked,
          grid: { display: false },
          border: { color: c.grid },
          ticks: { color: c.text3, maxRotation: 0, autoSkip: true, autoSkipPadding: 12, font: { family: c.font, size: 11 } },
        },
        y: {
          stacked: !!p.stacked,
          beginAtZero: true,
          ...(p.yMax !== undefined ? { max: p.yMax } : {}),
          grid: { color: c.grid },
          border: { display: false },
          ticks: {
            color: c.text3,
            maxTicksLimit: 6,
            font: { family: c.font, size: 11 },
            callback: (value) => p.formatTick(Number(value)),
          },
        },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          backgroundColor: c.surface,
          titleColor: c.text,
          bodyColor: c.text2,
          footerColor: c.text,
          borderColor: c.border,
          borderWidth: 1,
          padding: 10,
          boxPadding: 4,
          usePointStyle: true,
          titleFont: { family: c.font, weight: 'bold' },
          bodyFont: { family: c.font },
          footerFont: { family: c.font, weight: 'bold' },
          // Biggest first; empty series stay out of the way.
          itemSort: (a, b) => (b.parsed.y ?? 0) - (a.parsed.y ?? 0),
          filter: (item) => !(p.stacked && !item.parsed.y),
          callbacks: {
            title: (items) => p.titles[items[0]?.dataIndex ?? 0] ?? '',
            label: tooltipLabel,
            footer: (items) => {
              if (!p.stacked || !p.totalLabel || p.series.length < 2) return '';
              const index = items[0]?.dataIndex ?? 0;
              const sum = p.series.reduce((s, x) => s + (x.data[index] ?? 0), 0);
              return `${p.totalLabel}: ${p.formatValue(sum)}`;
            },
          },
        },
      },
    },
  };
}
