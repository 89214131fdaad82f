package provd.fetchfw.internal.recipe;

import provd.fetchfw.internal.catalog.Catalog;

/** Told by {@link RecipeRunner} as each step of a recipe starts, for progress reports. */
@FunctionalInterface
public interface StepListener {
    StepListener NONE = (step, number, count) -> { };

    /**
     * @param number the step's position, from 1
     * @param count  the recipe's number of steps
     */
    void step(Catalog.Step step, int number, int count);
}
