/**
 * The console runs under `style-src 'self'`: no `<style>` element may be added at run time.
 * react-aria's usePress adds one (touch-action for pressable elements) unless an element with
 * this id already exists; styles.css carries the same rule, and this marks it as present.
 * (react-aria's usePreventScroll adds another only on iOS while a modal is open; the CSP
 * drops it and styles.css's `:has(.modal-overlay)` rule does its work.)
 */
const PRESSABLE_STYLE_ID = 'react-aria-pressable-style';

export function markLibraryStylesPresent(): void {
  if (document.getElementById(PRESSABLE_STYLE_ID)) return;
  const marker = document.createElement('meta');
  marker.id = PRESSABLE_STYLE_ID;
  marker.name = 'react-aria-styles';
  marker.content = 'in styles.css';
  document.head.append(marker);
}
