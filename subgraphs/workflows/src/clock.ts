/** Where "now" comes from; tests inject their own to move time without waiting. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
