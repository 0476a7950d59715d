// Tests that render page components load their stylesheets as empty modules.
declare module '*.css';
