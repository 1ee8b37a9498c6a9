export function MaterialChangeBanner() {
  return null;
}
