/** The longest free text and the longest one-line text a request may carry, in every slice. */
export const TEXT_MAX = 10_000;
export const LINE_MAX = 500;
