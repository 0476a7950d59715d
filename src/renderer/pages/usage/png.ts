import type { ChartSeries, ThemeColors } from './Chart';

/**
 * The chart as a PNG on the page's background (a bare canvas is transparent), with a title, a
 * caption and the legend (swatch and name of each series), so the image explains itself.
 */
export function savePng(
  canvas: HTMLCanvasElement,
  c: ThemeColors,
  text: { title: string; caption: string; series: ChartSeries[] },
  fileName: string,
) {
  const ratio = canvas.width / Math.max(1, canvas.clientWidth || canvas.width);
  const px = (n: number) => Math.round(n * ratio);
  const pad = px(16);
  const head = px(48);
  const out = document.createElement('canvas');
  const ctx = out.getContext('2d');
  if (!ctx) return;
  // Lay the legend out first (rows that wrap at the image width) to know how tall it is.
  const legendFont = `${px(12)}px ${c.font}`;
  ctx.font = legendFont;
  const width = canvas.width + pad * 2;
  const swatch = px(10);
  const gap = px(16);
  const rowHeight = px(20);
  const items: { x: number; y: number; s: ChartSeries }[] = [];
  let x = pad;
  let y = 0;
  for (const s of text.series) {
    const w = swatch + px(6) + ctx.measureText(s.label).width;
    if (x > pad && x + w > width - pad) {
      x = pad;
      y += rowHeight;
    }
    items.push({ x, y, s });
    x += w + gap;
  }
  const legendHeight = items.length ? y + rowHeight + px(6) : 0;
  out.width = width;
  out.height = canvas.height + pad * 2 + head + legendHeight;
  ctx.fillStyle = c.surface;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.textBaseline = 'top';
  ctx.fillStyle = c.text;
  ctx.font = `600 ${px(15)}px ${c.font}`;
  ctx.fillText(text.title, pad, pad);
  ctx.fillStyle = c.text3;
  ctx.font = `${px(12)}px ${c.font}`;
  ctx.fillText(text.caption, pad, pad + px(21));
  ctx.font = legendFont;
  ctx.textBaseline = 'middle';
  for (const item of items) {
    const top = pad + head + item.y;
    ctx.fillStyle = item.s.color;
    ctx.fillRect(item.x, top + (rowHeight - swatch) / 2, swatch, item.s.dashed ? swatch / 2 : swatch);
    ctx.fillStyle = c.text2;
    ctx.fillText(item.s.label, item.x + swatch + px(6), top + rowHeight / 2);
  }
  ctx.drawImage(canvas, pad, pad + head + legendHeight);
  const a = document.createElement('a');
  a.href = out.toDataURL('image/png');
  a.download = `${fileName}.png`;
  document.body.appendChild(a);
  a.click();
  a.remove();
}
