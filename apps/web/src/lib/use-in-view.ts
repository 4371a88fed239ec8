/**
 * `inView` turns true the first time the element is on screen (inside the viewport and not clipped by a scrolling
 * ancestor) and stays true. Used to fetch per-row details only for rows the user can see.
 * Without IntersectionObserver (tests, old browsers) everything counts as visible.
 */
import { useCallback, useEffect, useState } from 'react';

export function useInView<T extends Element>(rootMargin = '0px'): { ref: (node: T | null) => void; inView: boolean } {
  const [node, setNode] = useState<T | null>(null);
  const [inView, setInView] = useState(() => typeof IntersectionObserver === 'undefined');

  useEffect(() => {
    if (!node || inView) return undefined;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) setInView(true);
      },
      { rootMargin },
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, [node, inView, rootMargin]);

  const ref = useCallback((element: T | null) => setNode(element), []);
  return { ref, inView };
}
