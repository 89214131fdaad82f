package provd.it.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Calls methods on objects that live in the framework. Their classes come from bundles, not from the test class
 * path, so the tests cannot name them and reach them by method name instead, through the public types that declare
 * the methods.
 */
public final class Reflect {
    private Reflect() {
    }

    public static Object call(Object target, String name, Object... args) {
        Method method = find(target.getClass(), name, args.length);
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(name + " failed", e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Calls a public static method of {@code type}. */
    public static Object callStatic(Class<?> type, String name, Object... args) {
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length && Modifier.isStatic(m.getModifiers())
                    && accepts(m.getParameterTypes(), args)) {
                try {
                    return m.invoke(null, args);
                } catch (InvocationTargetException e) {
                    throw new IllegalStateException(name + " failed", e.getCause());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalArgumentException("no public static method " + name + "/" + args.length + " on " + type);
    }

    private static boolean accepts(Class<?>[] parameters, Object[] args) {
        for (int i = 0; i < parameters.length; i++) {
            if (args[i] != null && !parameters[i].isInstance(args[i])) {
                return false;
            }
        }
        return true;
    }

    private static Method find(Class<?> type, String name, int arity) {
        Deque<Class<?>> todo = new ArrayDeque<>();
        todo.add(type);
        while (!todo.isEmpty()) {
            Class<?> c = todo.poll();
            if (Modifier.isPublic(c.getModifiers())) {
                for (Method m : c.getMethods()) {
                    if (m.getName().equals(name) && m.getParameterCount() == arity) {
                        return m;
                    }
                }
            }
            if (c.getSuperclass() != null) {
                todo.add(c.getSuperclass());
            }
            todo.addAll(List.of(c.getInterfaces()));
        }
        throw new IllegalArgumentException("no public method " + name + "/" + arity + " on " + type.getName());
    }
}
