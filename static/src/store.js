// The phone's own copy of what a volunteer types, in IndexedDB (it survives a reload, a crash
// and a closed tab): `reports` holds reports written on the phone and their place in the
// outbox; `steps` holds what was typed on a step of a report on the server, until it is saved.
let opened

function database () {
  opened = opened || new Promise((resolve, reject) => {
    const request = indexedDB.open('icv', 1)
    request.onupgradeneeded = () => {
      request.result.createObjectStore('reports', { keyPath: 'id' })
      request.result.createObjectStore('steps', { keyPath: 'key' })
    }
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
  return opened
}

function run (store, mode, act) {
  return database().then((db) => new Promise((resolve, reject) => {
    const transaction = db.transaction(store, mode)
    const request = act(transaction.objectStore(store))
    transaction.oncomplete = () => resolve(request.result)
    transaction.onerror = () => reject(transaction.error)
  }))
}

export const get = (store, key) => run(store, 'readonly', (s) => s.get(key))
export const all = (store) => run(store, 'readonly', (s) => s.getAll())
export const put = (store, value) => run(store, 'readwrite', (s) => s.put(value))
export const remove = (store, key) => run(store, 'readwrite', (s) => s.delete(key))
