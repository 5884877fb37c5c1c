/**
 * A growable list of 32-bit integers. Its storage is an ArrayBuffer, outside the JS heap: the flow
 * graph's edge and reference lists live as long as the analysis, and as plain arrays every minor GC
 * during the analysis copied them (the largest share of the engine's GC cost).
 */
export class IntList {
  data: Int32Array;
  length = 0;

  constructor(capacity = 128) {
    this.data = new Int32Array(capacity);
  }

  push(v: number): void {
    if (this.length === this.data.length) this.#grow();
    this.data[this.length++] = v;
  }

  #grow(): void {
    const next = new Int32Array(this.data.length * 2);
    next.set(this.data);
    this.data = next;
  }
}
