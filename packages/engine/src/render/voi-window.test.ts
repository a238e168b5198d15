import { describe, expect, it } from 'vitest';
import { applyWindow, isValidWindow, linearExactWindow, linearWindow, sigmoidWindow } from './voi-window.js';

// A CT soft-tissue window throughout: c = 40, w = 400, output 0..255.
describe('LINEAR (PS3.3 C.11.2.1.2.1)', () => {
  it('maps ((x − (c − ½)) / (w − 1) + ½) · 255 inside the window', () => {
    // x = 40: (0.5 / 399 + 0.5) · 255 = 127.8195…
    expect(linearWindow(40, 40, 400)).toBeCloseTo(127.8195, 4);
    // x = 100: (60.5 / 399 + 0.5) · 255 = 166.1654…
    expect(linearWindow(100, 40, 400)).toBeCloseTo(166.1654, 4);
  });

  it('clamps at c − ½ ∓ (w − 1) / 2, i.e. −160 and 239', () => {
    expect(linearWindow(-160, 40, 400)).toBe(0);
    // −159.5 is inside: (−199 / 399 + 0.5) · 255 = 0.3195…
    expect(linearWindow(-159.5, 40, 400)).toBeCloseTo(0.3195, 4);
    // 239 is the last input inside: (199.5 / 399 + 0.5) · 255 = 255 exactly
    expect(linearWindow(239, 40, 400)).toBeCloseTo(255, 9);
    expect(linearWindow(239.5, 40, 400)).toBe(255);
  });

  it('a width of 1 is a threshold at c − ½', () => {
    expect(linearWindow(99.5, 100, 1)).toBe(0);
    expect(linearWindow(100, 100, 1)).toBe(255);
  });
});

describe('LINEAR_EXACT (PS3.3 C.11.2.1.2.2)', () => {
  it('keeps the standard’s + ½ term: ((x − c) / w + ½) · 255', () => {
    // x = 140: (100 / 400 + 0.5) · 255 = 191.25; without the + ½ it would be 63.75
    expect(linearExactWindow(140, 40, 400)).toBe(191.25);
    // x = 40 (the centre) → 127.5; x = −60: (−100 / 400 + 0.5) · 255 = 63.75
    expect(linearExactWindow(40, 40, 400)).toBe(127.5);
    expect(linearExactWindow(-60, 40, 400)).toBe(63.75);
  });

  it('x ≤ c − w/2 → ymin, x > c + w/2 → ymax, c + w/2 itself computed (= ymax)', () => {
    expect(linearExactWindow(-160, 40, 400)).toBe(0);
    expect(linearExactWindow(-159, 40, 400)).toBeCloseTo(0.6375, 9); // (−199/400 + 0.5) · 255
    expect(linearExactWindow(240, 40, 400)).toBe(255);
    expect(linearExactWindow(1e9, 40, 400)).toBe(255);
  });

  it('honours ymin and ymax', () => {
    // x = 140 into 100..1100: 0.75 · 1000 + 100 = 850
    expect(linearExactWindow(140, 40, 400, 100, 1100)).toBe(850);
  });
});

describe('SIGMOID (PS3.3 C.11.2.1.2.3)', () => {
  it('maps 255 / (1 + exp(−4 (x − c) / w))', () => {
    // x = 140: 255 / (1 + e^−1) = 186.4199…
    expect(sigmoidWindow(140, 40, 400)).toBeCloseTo(186.4199, 4);
    // x = 40: 255 / 2 = 127.5
    expect(sigmoidWindow(40, 40, 400)).toBe(127.5);
    // x = −60: 255 / (1 + e) = 68.5801…
    expect(sigmoidWindow(-60, 40, 400)).toBeCloseTo(68.5801, 4);
    // x = 440: 255 / (1 + e^−4) = 250.4135…
    expect(sigmoidWindow(440, 40, 400)).toBeCloseTo(250.4135, 4);
  });
});

describe('applyWindow and isValidWindow', () => {
  it('dispatches on the VOI LUT Function', () => {
    expect(applyWindow(140, { center: 40, width: 400, function: 'LINEAR' })).toBeCloseTo(191.7293, 4); // (100.5 / 399 + 0.5) · 255
    expect(applyWindow(140, { center: 40, width: 400, function: 'LINEAR_EXACT' })).toBe(191.25);
    expect(applyWindow(140, { center: 40, width: 400, function: 'SIGMOID' })).toBeCloseTo(186.4199, 4);
  });

  it('LINEAR needs a width ≥ 1, the others > 0', () => {
    expect(isValidWindow({ center: 0, width: 1, function: 'LINEAR' })).toBe(true);
    expect(isValidWindow({ center: 0, width: 0.5, function: 'LINEAR' })).toBe(false);
    expect(isValidWindow({ center: 0, width: 0.5, function: 'LINEAR_EXACT' })).toBe(true);
    expect(isValidWindow({ center: 0, width: 0, function: 'SIGMOID' })).toBe(false);
    expect(isValidWindow({ center: Number.NaN, width: 10, function: 'SIGMOID' })).toBe(false);
  });
});
