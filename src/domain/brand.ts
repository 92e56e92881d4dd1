/** A nominal type: a `T` that only code which validated it may create. */
export type Brand<T, Name extends string> = T & { readonly __brand: Name };
