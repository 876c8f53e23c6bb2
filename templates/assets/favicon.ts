/**
 * The site icon, served from /app/assets/favicon.svg and named by every page (so no browser asks for a
 * /favicon.ico that does not exist): a white folded letter on the header's red.
 */
export const faviconSvg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#8b1a1a"/><path d="M7 10h18v13H7z" fill="#fff"/><path d="M7 10l9 7 9-7" fill="none" stroke="#8b1a1a" stroke-width="2"/><circle cx="24" cy="22" r="4" fill="#f2b700"/></svg>`;
