// Replaced by the store work: starts a throwaway PostgreSQL for the store tests when none is given.
export default function setup(): void {}
