/**
 * A component kept out of the first chunk and fetched as soon as the module that declares it runs, in parallel with
 * what the first paint waits for anyway (the session check): by the time it is rendered its code is usually there,
 * and then it renders at once. React.lazy would suspend on its first render even then, and React throttles the reveal
 * of suspended content (up to 300 ms more of the loader). Only when the code is really still on its way is `fallback`
 * shown; when it failed to load, the error goes to the route's error element.
 *
 *   const AppLayout = preloaded(() => import('./layout/app-layout').then((m) => m.AppLayout), <PageLoader />);
 */
import { Suspense, use, useEffect, useState, type ComponentType, type ReactNode } from 'react';

export function preloaded<P extends object>(
  load: () => Promise<ComponentType<P>>,
  fallback: ReactNode,
): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  const promise = load().then((component) => (loaded = component));
  // Not rendered on every visit (the sign-in page): a failed load is reported when it is rendered, not before.
  promise.catch(() => undefined);
  function Loaded(props: P) {
    const Component = loaded ?? use(promise);
    return <Component {...props} />;
  }
  // Always inside the Suspense boundary, so the tree keeps its shape (and its state) once the code is there.
  return function Preloaded(props: P) {
    return (
      <Suspense fallback={fallback}>
        <Loaded {...props} />
      </Suspense>
    );
  };
}

/**
 * A component from a module already on its way (`import()` at the top of the caller's module), null until it is
 * there: for what is mounted beside the app when it arrives rather than suspended for (the toasts, the dialogs'
 * provider), so nothing waits for it and no Suspense reveal is throttled.
 */
export function useLoadedComponent<M, P>(
  module: Promise<M>,
  pick: (module: M) => ComponentType<P>,
): ComponentType<P> | null {
  const [Component, setComponent] = useState<ComponentType<P> | null>(null);
  useEffect(() => {
    let cancelled = false;
    void module.then((loaded) => {
      if (!cancelled) setComponent(() => pick(loaded));
    });
    return () => {
      cancelled = true;
    };
    // `pick` (an inline function) is read once, when the module arrives.
  }, [module]);
  return Component;
}
