// "Now", passed in so tests can pin it; activities never call `new Date()` for business times.
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
