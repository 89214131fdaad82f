package provd.core.internal.security;

import java.lang.annotation.Annotation;

/** Ban lists for code outside this package (benchmarks). */
public final class BanLists {
    private BanLists() {
    }

    /** A ban list with the shipped defaults: more than 10 misses in 60 s, banned 600 s, nobody exempt. */
    public static BanList withDefaults() {
        return new BanList(new BanList.Settings() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return BanList.Settings.class;
            }

            @Override
            public int max_misses() {
                return 10;
            }

            @Override
            public int window_seconds() {
                return 60;
            }

            @Override
            public int duration_seconds() {
                return 600;
            }

            @Override
            public String exempt() {
                return "";
            }
        });
    }
}
