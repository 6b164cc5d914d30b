package io.kompress.aspect;

/** A JavaBean-style parameter, for property-chain expressions. */
public final class Tenant {

    private final String code;
    private final Region region;

    /**
     * Creates a tenant.
     *
     * @param code   tenant code
     * @param region its region
     */
    public Tenant(String code, Region region) {
        this.code = code;
        this.region = region;
    }

    /**
     * The tenant code.
     *
     * @return the code
     */
    public String getCode() {
        return code;
    }

    /**
     * The region.
     *
     * @return the region, may be null
     */
    public Region getRegion() {
        return region;
    }

    /** Region with a public field, the third kind of property. */
    public static final class Region {
        /** Region name: a public field on purpose, since expressions read public fields too. */
        @SuppressWarnings("checkstyle:VisibilityModifier")
        public final String name;

        /**
         * Creates a region.
         *
         * @param name region name
         */
        public Region(String name) {
            this.name = name;
        }
    }
}
