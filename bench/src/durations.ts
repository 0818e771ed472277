export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Milliseconds as seconds with one decimal, for reports. */
export const seconds = (ms: number) => (ms / 1000).toFixed(1);
