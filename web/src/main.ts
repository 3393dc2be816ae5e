import './styles.css';
import { App } from './app/app.js';

new App();
