// Registration order is dispatch order within one iteration: install before reconcile.
import './endpoints';
import './storage';
import './install';
import './upgrade';
import './reconcile';
import './remove';
import './channel-fill';
import './actions';
