/**
 * Draws the Teams app icons into manifest/teams/ (color.png 192×192, outline.png 32×32).
 * The PNGs are committed; run this (`node dist/scripts/make-icons.js` after a build) only to redraw them.
 *
 * Shapes are point-in-shape tests sampled 4×4 per pixel, which gives anti-aliased edges without
 * a vector library.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { packageRoot } from '../src/paths.js';

type Shape = (x: number, y: number) => boolean;
type Rgb = readonly [number, number, number];
interface Layer {
  shape: Shape;
  color: Rgb;
}

/** Also the manifest's accentColor, so Teams' tile matches the icon. */
const ACCENT: Rgb = [0x25, 0x63, 0xeb];
const WHITE: Rgb = [255, 255, 255];
const HEADER: Rgb = [0xef, 0x44, 0x44];
const RINGS: Rgb = [0x1e, 0x29, 0x3b];
const GREEN: Rgb = [0x16, 0xa3, 0x4a];

const all: Shape = () => true;
const below = (y0: number): Shape => (_x, y) => y >= y0;
const above = (y0: number): Shape => (_x, y) => y < y0;
const and = (...shapes: Shape[]): Shape => (x, y) => shapes.every((s) => s(x, y));
const or = (...shapes: Shape[]): Shape => (x, y) => shapes.some((s) => s(x, y));
const minus = (a: Shape, b: Shape): Shape => (x, y) => a(x, y) && !b(x, y);

function roundRect(x0: number, y0: number, x1: number, y1: number, r: number): Shape {
  return (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
    const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
    return dx * dx + dy * dy <= r * r;
  };
}

function circle(cx: number, cy: number, r: number): Shape {
  return (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** A stroke of half-width r with round caps and joins through the points. */
function polyline(points: ReadonlyArray<readonly [number, number]>, r: number): Shape {
  const segments = points.slice(1).map((b, i) => [points[i]!, b] as const);
  return (x, y) =>
    segments.some(([[ax, ay], [bx, by]]) => {
      const lx = bx - ax;
      const ly = by - ay;
      const t = Math.max(0, Math.min(1, ((x - ax) * lx + (y - ay) * ly) / (lx * lx + ly * ly)));
      return (x - ax - t * lx) ** 2 + (y - ay - t * ly) ** 2 <= r * r;
    });
}

/** Later layers cover earlier ones; uncovered samples stay transparent. */
function render(size: number, layers: Layer[], samples = 4): PNG {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let covered = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = px + (sx + 0.5) / samples;
          const y = py + (sy + 0.5) / samples;
          let top: Layer | undefined;
          for (let l = layers.length - 1; l >= 0 && !top; l--) if (layers[l]!.shape(x, y)) top = layers[l];
          if (!top) continue;
          r += top.color[0];
          g += top.color[1];
          b += top.color[2];
          covered++;
        }
      }
      const i = (py * size + px) * 4;
      // Fully transparent pixels are stored white too, so the outline icon has no other colour at all.
      png.data[i] = covered ? Math.round(r / covered) : 255;
      png.data[i + 1] = covered ? Math.round(g / covered) : 255;
      png.data[i + 2] = covered ? Math.round(b / covered) : 255;
      png.data[i + 3] = Math.round((255 * covered) / (samples * samples));
    }
  }
  return png;
}

/** A calendar page with a pulse line and a green check badge on the accent colour. */
function drawColor(): PNG {
  const body = roundRect(26, 42, 138, 144, 14);
  const badge = { x: 138, y: 138 };
  return render(192, [
    { shape: all, color: ACCENT },
    { shape: body, color: WHITE },
    { shape: and(body, above(72)), color: HEADER },
    { shape: or(polyline([[56, 28], [56, 54]], 7), polyline([[108, 28], [108, 54]], 7)), color: RINGS },
    {
      shape: polyline([[42, 108], [60, 108], [70, 88], [84, 128], [96, 98], [102, 108], [110, 108]], 4.5),
      color: ACCENT,
    },
    { shape: circle(badge.x, badge.y, 31), color: WHITE },
    { shape: circle(badge.x, badge.y, 25), color: GREEN },
    { shape: polyline([[badge.x - 12, badge.y + 1], [badge.x - 4, badge.y + 9], [badge.x + 12, badge.y - 8]], 4.5), color: WHITE },
  ]);
}

/** The same calendar as white strokes on transparency, as Teams requires of the outline icon. */
function drawOutline(): PNG {
  const frame = roundRect(4, 6, 28, 29, 3);
  const shape = or(
    minus(frame, roundRect(6, 8, 26, 27, 1.5)),
    and(frame, above(12)),
    roundRect(9, 3, 12, 9, 1),
    roundRect(20, 3, 23, 9, 1),
    and(polyline([[10.5, 19.5], [14, 23], [21.5, 15.5]], 1.3), below(12)),
  );
  return render(32, [{ shape, color: WHITE }]);
}

const dir = join(packageRoot(), 'manifest', 'teams');
for (const [name, png] of [['color.png', drawColor()], ['outline.png', drawOutline()]] as const) {
  writeFileSync(join(dir, name), PNG.sync.write(png));
  console.log(`wrote ${join('manifest', 'teams', name)}`);
}
