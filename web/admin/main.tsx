import { render } from 'preact';
import '../styles.css';
import { AdminApp } from './app';

const root = document.getElementById('app');
if (root) render(<AdminApp />, root);
