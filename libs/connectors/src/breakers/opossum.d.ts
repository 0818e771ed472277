/** The part of opossum 9 libs/connectors uses; the package ships no types and @types/opossum is not installed. */
declare module 'opossum' {
  import { EventEmitter } from 'node:events';

  namespace CircuitBreaker {
    interface Options {
      /** Milliseconds before a call counts as failed, or false for no limit. */
      timeout?: number | false;
      errorThresholdPercentage?: number;
      resetTimeout?: number;
      volumeThreshold?: number;
      rollingCountTimeout?: number;
      rollingCountBuckets?: number;
      name?: string;
      /** True for errors that must not count against the circuit. */
      errorFilter?: (error: unknown) => boolean;
    }
  }

  class CircuitBreaker<TArgs extends unknown[], TResult> extends EventEmitter {
    constructor(action: (...args: TArgs) => Promise<TResult>, options?: CircuitBreaker.Options);
    fire(...args: TArgs): Promise<TResult>;
    readonly opened: boolean;
    readonly halfOpen: boolean;
    readonly closed: boolean;
    shutdown(): void;
  }

  export = CircuitBreaker;
}
