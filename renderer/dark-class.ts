/** The class on <html> that selects the dark scheme (theme.ts sets it; the theme's CSS selects on it). */
export const DARK_CLASS = 'app-dark';
