// Minimal typings for js-quantities 1.8 (the package ships none): the parts shieldlab uses.
declare module 'js-quantities' {
  interface Qty {
    readonly scalar: number;
    kind(): string;
    isUnitless(): boolean;
    toBase(): Qty;
    to(units: string): Qty;
    units(): string;
  }
  interface QtyConstructor {
    (value: string): Qty;
    getKinds(): string[];
  }
  const Qty: QtyConstructor;
  export default Qty;
}
