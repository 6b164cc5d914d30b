/**
 * The annotations {@code @HashCached}, {@code @HashEvict}, {@code @OptionalField} and their options. No
 * dependencies at run time: a module that only declares cached methods needs nothing else.
 */
module io.kompress.annotations {
    requires static org.jspecify;

    exports io.kompress.annotations;
}
